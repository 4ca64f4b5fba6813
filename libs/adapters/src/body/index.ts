export { readLimited, formatByteSize, declaredLength, type ReadableBody, type LimitedRead } from './read-limited';
