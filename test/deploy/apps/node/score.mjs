// Plain Node ESM: `import 'perclass'` with nothing else; prints the backends and the counts.
import { availableBackends } from 'perclass';
import { scoreMasks } from '../shared/score.js';

const result = scoreMasks();
const backends = availableBackends().map((b) => ({
  name: b.name,
  available: b.available,
  error: b.error?.message,
}));
process.stdout.write(JSON.stringify({ ...result, backends }));
