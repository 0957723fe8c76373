export { text } from './seed/columns';
