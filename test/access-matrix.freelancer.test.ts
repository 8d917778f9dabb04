// The access matrix of the freelancer's area: the _app layout and every page under it.
// The requests, the checks and the seed are in test/access-matrix.harness.ts, the declarations
// in test/access-matrix.table.ts.
import { describeAccessMatrix } from "./access-matrix.harness";

describeAccessMatrix("freelancer");
