import { describeGenerator } from "../support/matrix.js";

describeGenerator("kubb");
