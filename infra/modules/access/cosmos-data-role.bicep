// Grants a Cosmos DB data-plane role (an sqlRoleAssignment, not Azure RBAC) scoped to one database.

@description('Cosmos DB account name.')
param accountName string

@description('Database the assignment is scoped to.')
param databaseName string

@description('Object id of the principal.')
param principalId string

@description('Stable, deploy-time-known text that identifies the principal (its identity name, or principalId itself); seeds the assignment names.')
param principalKey string = principalId

@description('Built-in data-plane role: 00000000-0000-0000-0000-000000000002 = Cosmos DB Built-in Data Contributor.')
param roleDefinitionId string = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' existing = {
  name: accountName

  resource database 'sqlDatabases' existing = {
    name: databaseName
  }

  resource role 'sqlRoleDefinitions' existing = {
    name: roleDefinitionId
  }
}

resource assignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2026-03-15' = {
  parent: account
  name: guid(account::database.id, principalKey, roleDefinitionId)
  properties: {
    principalId: principalId
    roleDefinitionId: account::role.id
    // The data-plane scope is the account id plus /dbs/<database>.
    scope: '${account.id}/dbs/${databaseName}'
  }
}
