// `npm run typecheck`: `tsc -b` over the solution (tsconfig.json): core once, then each project
// that reads it, each against the declarations of the ones before.
import { ensureDependencies, typecheck } from './run.mjs';

ensureDependencies();
typecheck();
