/*
 * Generates a serverless.yml of about the requested size for the
 * benchmarks: a provider, anchors, merge keys, CloudFormation tags, flow
 * collections, quoted non-ASCII text, and one block per function with
 * websocket events; with `vars`, every function also reads variables
 * (self: paths, nested ones, opt: with fallbacks, sls:stage, param:).
 * Usage: gen_bench BYTES [vars] > serverless.yml
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    long target = argc > 1 ? atol(argv[1]) : 5000000;
    int vars = argc > 2 && argv[2][0] == 'v';
    long n = printf("service: bench\nframeworkVersion: '4'\n"
                    "provider:\n  name: aws\n  runtime: nodejs22.x\n"
                    "  stage: ${opt:stage, 'dev'}\n"
                    "  websocketsApiRouteSelectionExpression: $request.body.action\n"
                    "custom:\n  defaults: &defaults\n    memorySize: 256\n    timeout: 10\n"
                    "  levels:\n    dev: INFO\n    prod: ERROR\n  table: chat-${sls:stage}\n"
                    "params:\n  default:\n    queue: q-default\n"
                    "functions:\n");
    for (long i = 0; n < target; i++) {
        n += printf("  fn%ld:\n"
                    "    <<: *defaults\n"
                    "    handler: src/fn%ld.handler\n"
                    "    description: \"function %ld \xc3\xa9\xe2\x82\xac chat relay\"\n"
                    "    environment:\n"
                    "      TABLE: !Ref Table%ld\n"
                    "      QUEUE_ARN: !GetAtt [Queue%ld, Arn]\n"
                    "      ENDPOINT: !Sub 'https://${WebsocketsApi}.execute-api.${AWS::Region}.amazonaws.com/${sls:stage}'\n"
                    "      JOINED: !Join ['', ['arn:aws:sqs:', !Ref AWS::Region, ':q%ld']]\n"
                    "    events:\n"
                    "      - websocket:\n"
                    "          route: action%ld\n"
                    "          routeResponseSelectionExpression: $default\n"
                    "      - sqs: {arn: 'arn:aws:sqs:us-east-1:123456789012:q%ld', batchSize: 10}\n"
                    "    tags: {team: chat, idx: %ld, enabled: true}\n",
                    i, i, i, i, i, i, i, i, i);
        if (vars)
            n += printf("    memorySize: ${self:custom.defaults.memorySize}\n"
                        "    name: \"${self:service}-fn%ld-at ${opt:stage, 'dev'} "
                        "(${self:custom.levels.${opt:stage, 'dev'}})\"\n"
                        "    reservedConcurrency: ${opt:concurrency, 5}\n"
                        "    layers: ['${self:custom.table}', '${param:queue}']\n",
                        i);
    }
    return 0;
}
