// The worker thread computing kept reports (services/kept.ts) off the server's event loop: at a million
// incidents a dashboard takes seconds of synchronous SQLite work, which would otherwise hold up every request the
// server is answering meanwhile. JavaScript, because a worker starts without the TypeScript loader the main
// thread has; it registers the loader, then runs the TypeScript job.
import { register } from 'tsx/esm/api';

register();
await import('./kept-job.ts');
