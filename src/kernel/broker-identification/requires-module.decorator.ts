import { SetMetadata } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';

export const REQUIRED_MODULE = 'requiredModule';

/** Broker gate (ARCHITECTURE.md §2): routes of a module answer 404 MODULE_DISABLED for brokers without it. */
export const RequiresModule = (module: ModuleKey) => SetMetadata(REQUIRED_MODULE, module);
