/** The words live in src/shared so the console says who acted the same way the engine does. */
export { actorWords } from '../../shared/actor-words';
