import { Module } from '@nestjs/common';
import { CustomActionScreensController } from './screens/custom-action-screens.controller';

/** Custom actions and chat (part of InAppActions): broker-configured /inapp/action targets and the /inapp/chat page. */
@Module({ controllers: [CustomActionScreensController] })
export class CustomActionsModule {}
