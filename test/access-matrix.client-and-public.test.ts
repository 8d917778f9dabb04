// The access matrix of the client link's pages, the root layout and every other page outside
// the freelancer's area.
// The requests, the checks and the seed are in test/access-matrix.harness.ts, the declarations
// in test/access-matrix.table.ts.
import { describeAccessMatrix } from "./access-matrix.harness";

describeAccessMatrix("clientAndPublic");
