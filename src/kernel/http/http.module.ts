import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FormBodyGuard } from './form-body.guard';

/** Request-level HTTP rules that hold for every route (body media types). */
@Module({ providers: [{ provide: APP_GUARD, useClass: FormBodyGuard }] })
export class HttpKernelModule {}
