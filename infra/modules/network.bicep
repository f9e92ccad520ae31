// Optional private networking: a VNet with a subnet for the function app's outbound integration
// (delegated to Microsoft.App/environments, as Flex Consumption requires) and a subnet for private
// endpoints, plus the private DNS zones those endpoints register in, linked to the VNet.
// Outbound design (docs/deploy.md, "Private networking"): Flex Consumption sends all of the app's outbound traffic
// into snet-app. Cosmos DB and both storage accounts (and Service Bus on Premium) are reached through private endpoints;
// Application Insights ingestion and a Standard Service Bus namespace have no private endpoint here and are reached over
// the internet, through the NAT gateway (natGatewayEnabled) or through a route of your own. Neither subnet has the
// platform's implicit default outbound access (being retired): without either, those two are unreachable.
// Each subnet has an NSG that allows only what the design needs.

@description('VNet name.')
param name string

@description('Region.')
param location string

@description('Tags.')
param tags object

@description('Private DNS zone names to create and link (one per private endpoint kind).')
param privateDnsZoneNames string[]

@description('Address space of the VNet.')
param addressPrefix string = '10.0.0.0/16'

@description('Subnet for the function app (outbound integration).')
param appSubnetPrefix string = '10.0.1.0/24'

@description('Subnet for private endpoints.')
param privateEndpointSubnetPrefix string = '10.0.2.0/24'

@description('A NAT gateway (with one static public IP) for the app subnet\'s internet egress. false: provide a route of your own (a firewall and a route table), or Application Insights and a Standard Service Bus stay unreachable.')
param natGatewayEnabled bool = true

// HTTPS (Application Insights ingestion, Entra ID, Cosmos DB's gateway, blobs, AMQP over WebSockets) and AMQP over TLS
// (5671, Service Bus); Cosmos DB's direct mode through its private endpoint also uses 10250-10255.
var internetPorts = ['443', '5671']
var privateEndpointPorts = ['443', '5671', '10250-10255']

resource appNsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: 'nsg-app-${name}'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'allow-private-endpoints'
        properties: {
          priority: 100
          direction: 'Outbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: appSubnetPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointSubnetPrefix
          destinationPortRanges: privateEndpointPorts
        }
      }
      {
        name: 'allow-internet-https-amqps'
        properties: {
          priority: 110
          direction: 'Outbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: appSubnetPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: 'Internet'
          destinationPortRanges: internetPorts
        }
      }
      {
        name: 'deny-internet-other'
        properties: {
          priority: 4000
          direction: 'Outbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: '*'
          sourcePortRange: '*'
          destinationAddressPrefix: 'Internet'
          destinationPortRange: '*'
        }
      }
      {
        // The relay serves no inbound traffic through the VNet (it has no HTTP trigger).
        name: 'deny-vnet-inbound'
        properties: {
          priority: 4000
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource privateEndpointNsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: 'nsg-pep-${name}'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'allow-app-subnet'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: appSubnetPrefix
          sourcePortRange: '*'
          destinationAddressPrefix: privateEndpointSubnetPrefix
          destinationPortRanges: privateEndpointPorts
        }
      }
      {
        // Peered networks and VPN clients (where operators run `check` and `parked`) are let in by a rule of your own
        // with a lower priority number.
        name: 'deny-vnet-inbound'
        properties: {
          priority: 4000
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource natIp 'Microsoft.Network/publicIPAddresses@2026-03-01' = if (natGatewayEnabled) {
  name: 'pip-nat-${name}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2026-03-01' = if (natGatewayEnabled) {
  name: 'ng-${name}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: natIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: 'snet-app'
        properties: {
          addressPrefix: appSubnetPrefix
          defaultOutboundAccess: false
          networkSecurityGroup: {
            id: appNsg.id
          }
          natGateway: natGatewayEnabled ? { id: natGateway.id } : null
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          defaultOutboundAccess: false
          networkSecurityGroup: {
            id: privateEndpointNsg.id
          }
          // NSGs apply to private endpoints only with network policies on.
          privateEndpointNetworkPolicies: 'NetworkSecurityGroupEnabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'snet-app'
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: 'snet-private-endpoints'
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zoneName in privateDnsZoneNames: {
    name: zoneName
    location: 'global'
    tags: tags
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zoneName, i) in privateDnsZoneNames: {
    parent: zones[i]
    name: '${vnet.name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

output appSubnetId string = vnet::appSubnet.id
output privateEndpointSubnetId string = vnet::privateEndpointSubnet.id
output privateDnsZoneIds string[] = [for (zoneName, i) in privateDnsZoneNames: zones[i].id]
