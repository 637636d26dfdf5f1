// The catalog's public surface: import from here rather than from the files behind it.
export * from './capabilities';
export * from './catalog';
export * from './clampToModel';
export * from './frameSize';
export * from './parseModelsListing';
export * from './validateRequest';
