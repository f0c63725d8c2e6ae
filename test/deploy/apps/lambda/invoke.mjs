// Calls a bundled handler once, as the Lambda runtime would: the event is JSON on stdin, the
// handler's answer goes to stdout.
import { pathToFileURL } from 'node:url';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { handler } = await import(pathToFileURL(process.argv[2]).href);
process.stdout.write(JSON.stringify(await handler(JSON.parse(input))));
