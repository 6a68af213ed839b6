import { bundle } from './bundle.js';
import { dashboardDataset } from './dashboard-dataset.js';
import { duplicateKey } from './duplicate-key.js';
import { duplicateName } from './duplicate-name.js';
import { invalidCron } from './invalid-cron.js';
import { missingFailureNotification } from './missing-failure-notification.js';
import { missingFile } from './missing-file.js';
import { prodRootPath } from './prod-root-path.js';
import { prodRunAs } from './prod-run-as.js';
import type { Rule } from './rule.js';
import { sandboxIsolation } from './sandbox-isolation.js';
import { schema } from './schema.js';
import { sqlSyntax } from './sql-syntax.js';
import { undeclaredProduction } from './undeclared-production.js';
import { unknownReference } from './unknown-reference.js';

/** Every rule of `dataops validate`, in the order the documentation lists them. */
export const RULES: readonly Rule[] = [
  bundle,
  schema,
  duplicateKey,
  duplicateName,
  unknownReference,
  missingFile,
  invalidCron,
  sqlSyntax,
  dashboardDataset,
  missingFailureNotification,
  prodRunAs,
  prodRootPath,
  undeclaredProduction,
  sandboxIsolation,
];
