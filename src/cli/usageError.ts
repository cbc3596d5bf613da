/** A command-line mistake: printed to stderr with a pointer to --help; exit code 2. */
export class CliUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CliUsageError";
    }
}
