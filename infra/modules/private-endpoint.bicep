// One private endpoint for one sub-resource (group id) of a service, registered in a private DNS zone.

@description('Private endpoint name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Subnet for the endpoint.')
param subnetId string

@description('Resource id of the service.')
param serviceId string

@description('Sub-resource: Sql (Cosmos DB), namespace (Service Bus), blob, queue, table.')
param groupId string

@description('Private DNS zone the endpoint registers its address in.')
param privateDnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: serviceId
          groupIds: [groupId]
        }
      }
    ]
  }

  resource zoneGroup 'privateDnsZoneGroups' = {
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: groupId
          properties: {
            privateDnsZoneId: privateDnsZoneId
          }
        }
      ]
    }
  }
}
