/** One SEARCH/REPLACE block in its fence, as a model writes it in an answer. */
export const block = (path: string, search: string, replace: string): string =>
  ["```", `### ${path}`, "<<<<<<< SEARCH", search, "=======", replace, ">>>>>>> REPLACE", "```"].join("\n");
