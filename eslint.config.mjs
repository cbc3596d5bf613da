import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "examples/**/bin/**"] },
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "no-restricted-globals": ["error", { name: "fetch", message: "Use node-fetch (bound as nodeFetch): a free `fetch` is not captured by the closure serializer." }],
            "no-console": ["error", { allow: ["error"] }],
        },
    },
    {
        // Code copied into providers is re-parsed by the user's TypeScript (3.8 when they have none).
        files: ["src/**/*.ts"],
        rules: { "logical-assignment-operators": ["error", "never"] },
    },
    {
        files: ["tests/**/*.ts", "src/cli/**/*.ts", "examples/**/*.ts"],
        rules: { "no-console": "off", "@typescript-eslint/no-unused-expressions": "off" },
    },
);
