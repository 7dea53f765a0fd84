// Benchmark 1 in a hosted installation's mix (issue 20, "Latency under load": "Measure a second mix too: 200
// organizations at once"): 200 organizations with 2 agent sockets and 5 visitors each, so the organizations' row
// locks and streams are 200 instead of one and each message reaches its own organization's 2 agents. The baseline
// gets the same split (a room per organization). Same phases and goals as bench/pipeline.bench.ts.
import { runPipeline } from './pipeline/run-pipeline.js';

await runPipeline('pipeline-organizations', {
  organizations: Number(process.env.BENCH_ORGANIZATIONS ?? 200),
  agentsPerOrganization: Number(process.env.BENCH_AGENTS_PER_ORGANIZATION ?? 2),
});
