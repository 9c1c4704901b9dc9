/** Every notebook the headless runner knows. */
import { svgpNotebook } from './svgp';

export const notebooks = [svgpNotebook];
