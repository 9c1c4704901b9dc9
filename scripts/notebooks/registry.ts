/** Every notebook the headless runner knows. */
import { svgpNotebook } from './svgp';
import { gammaNotebook } from './gamma';
import { bnnNotebook } from './bnn';
import { scalingNotebook } from './scaling';
import { elasticityNotebook } from './elasticity';

export const notebooks = [svgpNotebook, gammaNotebook, bnnNotebook, scalingNotebook, elasticityNotebook];
