/** The names a bundle's root configuration file may have, in the order the Databricks CLI looks for them. */
export const ROOT_FILE_NAMES = ['databricks.yml', 'databricks.yaml', 'bundle.yml', 'bundle.yaml'] as const;
