import { describeGenerator } from "../support/matrix.js";

describeGenerator("orval-fetch");
