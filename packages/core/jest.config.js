/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  coverageThreshold: { global: { lines: 90 } },
};
