// The access matrix of the paths the Worker serves before Remix, and of the methods other than
// GET, HEAD and POST.
// The requests, the checks and the seed are in test/access-matrix.harness.ts, the declarations
// in test/access-matrix.table.ts.
import { describeAccessMatrix } from "./access-matrix.harness";

describeAccessMatrix("worker");
