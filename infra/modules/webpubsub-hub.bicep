// The firehose hub: anonymous connects (relays send no token; the app's connect handler decides) and one event
// handler that sends the connect, connected and disconnected system events to the function app.
@description('Name of the existing Web PubSub service.')
param webPubSubName string

@description('Hub name; the front rewrites /xrpc/com.atproto.sync.subscribeRepos to /client/hubs/<hub>.')
param hubName string

@description('Host name of the function app that handles the upstream events, e.g. func-abc.azurewebsites.net.')
param functionAppHostName string

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {
  name: webPubSubName
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: webPubSub
  name: hubName
  properties: {
    anonymousConnectPolicy: 'allow'
    eventHandlers: [
      {
        urlTemplate: 'https://${functionAppHostName}/webpubsub/events'
        userEventPattern: ''
        systemEvents: ['connect', 'connected', 'disconnected']
      }
    ]
  }
}

output name string = hub.name
