export * from './aedes';
export * from './binaries';
export * from './mosquitto';
export * from './netns';
export * from './ports';
export * from './serf';
