export * from './client';
export * from './connect';
export * from './errors';
export * from './transport';
