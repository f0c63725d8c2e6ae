// perclass's async worker as an entry point of this build (esbuild bundles it with its imports).
import 'perclass/async-web-worker';
