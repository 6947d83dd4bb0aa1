import { describeGenerator } from "../support/matrix.js";

describeGenerator("openapi-typescript-codegen");
