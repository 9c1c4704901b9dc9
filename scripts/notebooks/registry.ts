/** Every notebook the headless runner knows. */
import { svgpNotebook } from './svgp';
import { scalingNotebook } from './scaling';

export const notebooks = [svgpNotebook, scalingNotebook];
