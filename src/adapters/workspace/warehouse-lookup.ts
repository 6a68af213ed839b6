import { UsageError } from '../../core/errors.js';
import type { WarehousesApi } from './sql.js';

/** The id of the warehouse with this name, as a bundle's `lookup: {warehouse: …}` resolves it. */
export async function warehouseIdByName(warehouses: WarehousesApi, name: string): Promise<string> {
  const all = await warehouses.list();
  const found = all.find((w) => w.name === name);
  if (!found) {
    throw new UsageError(`no SQL warehouse is named "${name}" in the workspace`, {
      hint: all.length > 0 ? `warehouses there: ${all.map((w) => w.name).join(', ')}` : 'the workspace has no SQL warehouse',
    });
  }
  return found.id;
}
