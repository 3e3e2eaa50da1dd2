/** kernel/mail, as the rest of src sees it: outside the kernel, import the area, never its files (.dependency-cruiser.cjs). */
export * from './email-message.entity';
export * from './mail-templates';
export * from './mail.module';
export * from './mail.service';
