import * as vscode from 'vscode';

/**
 * Counts the listeners of events, for the test that every view lets go of the index when the
 * extension is disposed. Used only when the extension runs its tests (`ExtensionMode.Test`).
 */
export class ListenerCount {
	private live = 0;

	get count(): number {
		return this.live;
	}

	/** The same event, counting its subscriptions until each is disposed. */
	wrap<T>(event: vscode.Event<T>): vscode.Event<T> {
		return (listener, thisArg, disposables) => {
			this.live++;
			const sub = event(listener, thisArg);
			let subscribed = true;
			const d = new vscode.Disposable(() => {
				if (subscribed) {
					subscribed = false;
					this.live--;
					sub.dispose();
				}
			});
			disposables?.push(d);
			return d;
		};
	}
}
