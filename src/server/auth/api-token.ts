/** The owner's token file lives with the engine's people and tokens (src/core/auth). */
export { TOKEN_FILE_NAME, loadOrCreateToken } from '../../core/store/owner-token';
