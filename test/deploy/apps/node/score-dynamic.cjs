// A CommonJS consumer on any Node: the documented dynamic import.
(async () => {
  const { activeBackend, confusionMatrix } = await import('perclass');
  const { maskPair, NUM_CLASSES } = await import('../shared/masks.js');
  const { truth, pred } = maskPair();
  const counts = confusionMatrix(truth, pred, { numClasses: NUM_CLASSES });
  process.stdout.write(
    JSON.stringify({ backend: activeBackend(), matrix: Array.from(counts.matrix) }),
  );
})();
