// Handlers of the Health tag.
import { Router } from 'express';
import type { Engine } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import type { OperationHandler } from './types.ts';

export function healthRoutes(engine: Engine, ping: () => Promise<void>): Router {
  const getHealth: OperationHandler<'getHealth'> = async (_req, res) => {
    try {
      await ping();
    } catch (cause) {
      throw new ApiError(503, undefined, { cause });
    }
    res.json({ success: true, data: { status: 'ok', database: engine } });
  };

  return Router().get('/health', getHealth);
}
