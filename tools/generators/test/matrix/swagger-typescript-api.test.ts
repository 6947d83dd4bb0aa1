import { describeGenerator } from "../support/matrix.js";

describeGenerator("swagger-typescript-api");
