// Imported first by main.ts, before the modules whose allocations it concerns. V8 allocates
// objects from an allocation site straight in the old generation ("pretenuring") once enough of
// them have survived a scavenge. On the hot path a burst (a pre-warm, a slow Redis reply) is
// enough to tenure the sites that decode requests, and every later batch's request objects then
// die in the old generation, holding the young objects they point to alive through each
// scavenge: about 1.1 MB promoted per scavenge at 2,000 sightings/s, and scavenge pauses of
// 4–12 ms, the largest single cause of the arrival p99 (docs/architecture.md §11). Without
// pretenuring, a scavenge promotes a few KB and pauses 1–2 ms.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--no-allocation-site-pretenuring");
