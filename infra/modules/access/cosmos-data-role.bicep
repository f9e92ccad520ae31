// Grants Cosmos DB data-plane roles (sqlRoleAssignments, not Azure RBAC), each on the narrowest data-plane scope that
// works: a container, or a whole database.

@description('Cosmos DB account name.')
param accountName string

@description('Object id of the principal.')
param principalId string

@description('Stable, deploy-time-known text that identifies the principal (its identity name, or principalId itself); seeds the assignment names.')
param principalKey string = principalId

@description('What to grant: a role definition (a custom definition\'s name, or a built-in id such as 00000000-0000-0000-0000-000000000002 = Cosmos DB Built-in Data Contributor) on a database or one of its containers.')
param grants grant[]

@export()
@description('One role on one data-plane scope.')
type grant = {
  @description('Name of the sqlRoleDefinition (a GUID).')
  roleDefinitionName: string
  database: string
  @description('The container the role is granted on; absent: the whole database.')
  container: string?
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' existing = {
  name: accountName
}

// One at a time: the account takes an exclusive lock for each data-plane RBAC change and refuses a concurrent one (412).
// Names are seeded with the scope's resource id, as before container scopes existed, so a database grant keeps its name.
@batchSize(1)
resource assignments 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = [
  for grant in grants: {
    parent: account
    name: guid(
      empty(grant.?container)
        ? resourceId('Microsoft.DocumentDB/databaseAccounts/sqlDatabases', account.name, grant.database)
        : resourceId('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers', account.name, grant.database, grant.?container!),
      principalKey,
      grant.roleDefinitionName
    )
    properties: {
      principalId: principalId
      roleDefinitionId: resourceId('Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions', account.name, grant.roleDefinitionName)
      // The data-plane scope is the account id plus /dbs/<database>[/colls/<container>].
      scope: empty(grant.?container) ? '${account.id}/dbs/${grant.database}' : '${account.id}/dbs/${grant.database}/colls/${grant.?container!}'
    }
  }
]
