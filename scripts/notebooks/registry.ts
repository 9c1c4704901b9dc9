/** Every notebook the headless runner knows. */
import { svgpNotebook } from './svgp';
import { gammaNotebook } from './gamma';
import { bnnNotebook } from './bnn';
import { scalingNotebook } from './scaling';
import { exactGpNotebook } from './exactGp';
import { elasticityNotebook } from './elasticity';

export const notebooks = [svgpNotebook, gammaNotebook, bnnNotebook, scalingNotebook, exactGpNotebook, elasticityNotebook];
