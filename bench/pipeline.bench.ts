// Benchmark 1: the message pipeline, one organization with 20 agent sockets (bench/pipeline/run-pipeline.ts).
// Visitors post over the public widget API; the baseline is a bare Node process doing one INSERT and one Socket.IO
// room emit per message. Goals are ratios to the baseline at half its saturation rate found in the same run.
import { ONE_ORGANIZATION } from './pipeline/harness.js';
import { runPipeline } from './pipeline/run-pipeline.js';

await runPipeline('pipeline', ONE_ORGANIZATION);
