import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ScreenRequest } from './errors/screen-exception.filter';
import type { ScreenContext } from './screen-context';

/** The ScreenContext of a @ScreenRoute() request: `show(@Screen() ctx: ScreenContext)`. */
export const Screen = createParamDecorator((_data: unknown, ctx: ExecutionContext): ScreenContext => {
  const screen = ctx.switchToHttp().getRequest<ScreenRequest>().screen;
  if (!screen) throw new Error('@Screen() used on a route without @ScreenRoute()');
  return screen;
});
