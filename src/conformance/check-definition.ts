import { KitContext } from './kit-context';
import { Verdict } from './check-result';

/** One check of Spotware's checklist (spec 03) as the kit runs it. */
export interface CheckDefinition {
  id: string;
  title: string;
  /** false for the checks the checklist marks optional (6.2.3–6.2.6). */
  mandatory: boolean;
  run(ctx: KitContext): Promise<Verdict>;
}
