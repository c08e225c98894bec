/** @type {import('jest').Config} */
module.exports = {
  ...require('../../jest.preset.js'),
  // The tests mostly wait for real cycles to pass, not for the CPU: two files at a time.
  maxWorkers: 2,
};
