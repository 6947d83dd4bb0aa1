import { describeGenerator } from "../support/matrix.js";

describeGenerator("orval-axios");
