import { describe, expect, it } from 'vitest';
import { orMissing, orNull } from '../../../src/adapters/workspace/not-found.js';
import { WorkspaceApiError } from '../../../src/adapters/workspace/transport.js';

const failing = (status: number, code: string, message: string): Promise<never> =>
  Promise.reject(new WorkspaceApiError('GET /api/2.2/jobs/get', status, code, message, 1));

describe('lookups that answer "not there" instead of failing', () => {
  it('treat 404 and the Jobs API 400 "does not exist" for a deleted job as missing', async () => {
    expect(await orNull(failing(404, 'RESOURCE_DOES_NOT_EXIST', 'Path (/x) does not exist.'))).toBeNull();
    expect(await orNull(failing(400, 'INVALID_PARAMETER_VALUE', 'Job 5 does not exist.'))).toBeNull();
    expect(await orMissing(failing(400, 'INVALID_PARAMETER_VALUE', 'Job 5 does not exist.'), false)).toBe(false);
  });

  it('let every other failure through', async () => {
    await expect(orNull(failing(400, 'INVALID_PARAMETER_VALUE', 'Job id must be a number'))).rejects.toMatchObject({ status: 400 });
    await expect(orNull(failing(403, 'PERMISSION_DENIED', 'no access'))).rejects.toMatchObject({ status: 403 });
  });
});
