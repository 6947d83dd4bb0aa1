import { describeGenerator } from "../support/matrix.js";

describeGenerator("openapi-zod-client");
