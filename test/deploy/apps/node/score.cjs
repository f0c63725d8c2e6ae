// A CommonJS consumer: require('perclass') (require of an ES module, Node 20.19+ and 22.12+).
const { activeBackend, confusionMatrix } = require('perclass');
const { maskPair, NUM_CLASSES } = require('../shared/masks.js');

const { truth, pred } = maskPair();
const counts = confusionMatrix(truth, pred, { numClasses: NUM_CLASSES });
process.stdout.write(
  JSON.stringify({ backend: activeBackend(), matrix: Array.from(counts.matrix) }),
);
