/** Imported first by the worker: domain modules may read `Buffer` while they load (ES imports run in order). */
import { installBrowserBuffer } from './browser_buffer';

installBrowserBuffer();
