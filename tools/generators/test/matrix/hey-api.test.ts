import { describeGenerator } from "../support/matrix.js";

describeGenerator("hey-api");
