// The client-area kernel's public surface.
export { ClientAreaKernelModule } from './client-area-kernel.module';
export { ClientAreaSections, CLIENT_AREA_SLOTS } from './client-area-sections';
export type {
  ClientAreaDisplay,
  ClientAreaSectionProvider,
  ClientAreaSectionResult,
  ClientAreaSectionRow,
  ClientAreaSectionView,
  ClientAreaSlot,
  ClientAreaTone,
  ClientAreaViewer,
} from './client-area-sections';
export { ClientAreaSessions } from './client-area-sessions';
export type { ClientAreaLogin } from './client-area-sessions';
export { ClientAreaStyle } from './client-area-style';
