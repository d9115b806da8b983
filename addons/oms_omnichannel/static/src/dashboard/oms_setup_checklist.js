import { Component, onWillStart, useState } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";

/**
 * The first-run setup checklist of the Omnichannel dashboard: one line per step
 * (server method oms.setup.checklist.get_checklist; other add-ons add steps), a
 * link to the step's screen, a tick once it is done, and a button to hide it.
 */
export class OmsSetupChecklist extends Component {
    static template = "oms_omnichannel.OmsSetupChecklist";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ visible: false, steps: [] });
        onWillStart(() => this.load());
    }

    async load() {
        const data = await this.orm.call("oms.setup.checklist", "get_checklist", []);
        Object.assign(this.state, data);
    }

    get doneCount() {
        return this.state.steps.filter((step) => step.done).length;
    }

    async open(step) {
        await this.action.doAction(step.action, { onClose: () => this.load() });
    }

    async dismiss() {
        await this.orm.call("oms.setup.checklist", "dismiss", []);
        this.state.visible = false;
    }
}
